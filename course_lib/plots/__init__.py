"""Drawing only: every function draws on the matplotlib Axes it is given and returns it."""
