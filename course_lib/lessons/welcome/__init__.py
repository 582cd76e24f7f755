"""Lesson of notebook 00_welcome.ipynb: 00 · Welcome.

Modules: figures, explorers, checks.
"""
