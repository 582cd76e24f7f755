"""Lesson of notebook 13_putting_it_together.ipynb: 13 · Putting it together.

Modules: compute, figures, explorers, checks.
"""
