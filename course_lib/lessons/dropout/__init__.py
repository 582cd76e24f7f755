"""Lesson of notebook 09_dropout.ipynb: 09 · Dropout.

Modules: compute, figures, explorers, checks.
"""
