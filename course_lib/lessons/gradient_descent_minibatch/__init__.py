"""Lesson of notebook 05_gradient_descent_minibatch.ipynb:
05 · Gradient descent: batches, mini-batches and learning-rate schedules.

Modules: compute, figures, explorers, checks.
"""
