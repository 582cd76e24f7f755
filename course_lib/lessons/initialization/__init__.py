"""Lesson of notebook 04_initialization.ipynb: 04 · Weight initialization.

Modules: compute, figures, explorers, checks.
"""
