"""Lesson of notebook 08_overfitting_regularization.ipynb: 08 · Overfitting, L1/L2 penalties and early stopping.

Modules: compute, figures, explorers, checks.
"""
