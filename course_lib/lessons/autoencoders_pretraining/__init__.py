"""Lesson of notebook 12_autoencoders_pretraining.ipynb: 12 · Autoencoders and pre-training.

Modules: compute, figures, explorers, checks.
"""
