"""The lessons: what each notebook needs beyond the network library, one package per notebook."""
