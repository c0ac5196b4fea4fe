"""The training side of the GUI: the controller that owns runs, the Qt adapter of the runner, the views.

The Qt-free runner (the training process, its pool, the typed messages and the run model) is
:mod:`netbuilder.training.runner`; this package adapts it to Qt (:mod:`.session`, :mod:`.worker`),
owns the runs of a document (:mod:`.controller`) and draws them (the panels and plots, wired by
:mod:`.docks`).
"""
