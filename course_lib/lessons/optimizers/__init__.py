"""Lesson of notebook 07_optimizers.ipynb: 07 · Optimizers: SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam.

Modules: compute, figures, explorers, checks.
"""
