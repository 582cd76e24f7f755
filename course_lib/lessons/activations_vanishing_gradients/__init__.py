"""Lesson of notebook 03_activations_vanishing_gradients.ipynb: 03 · Activations and vanishing gradients.

Modules: compute, figures, explorers, checks.
"""
