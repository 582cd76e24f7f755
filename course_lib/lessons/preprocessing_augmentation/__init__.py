"""Lesson of notebook 11_preprocessing_augmentation.ipynb: 11 · Preprocessing and data augmentation.

Modules: compute, figures, explorers, checks.
"""
