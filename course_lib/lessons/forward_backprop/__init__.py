"""Lesson of notebook 02_forward_backprop.ipynb: 02 · Forward pass and backpropagation.

Modules: compute, figures, explorers, checks.
"""
