"""Lesson of notebook 01_why_deep_networks.ipynb: 01 · Why deep networks.

Modules: compute, figures, explorers, checks.
"""
