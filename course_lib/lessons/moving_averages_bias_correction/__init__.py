"""Lesson of notebook 06_moving_averages_bias_correction.ipynb: 06 · Moving averages and bias correction.

Modules: compute, figures, explorers, checks.
"""
