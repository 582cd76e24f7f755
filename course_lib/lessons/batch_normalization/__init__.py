"""Lesson of notebook 10_batch_normalization.ipynb: 10 · Batch normalization.

Modules: compute, figures, explorers, checks.
"""
