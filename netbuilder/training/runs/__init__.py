"""Runs kept on disk beside a project: the store, the recorder that writes a run as it trains,
checkpoint spacing, TensorBoard files and run comparison. No Qt here (import-linter keeps it so)."""

from netbuilder.training.runs.store import RunEntry, RunStore, RunStoreError, runs_folder_for

__all__ = ["RunEntry", "RunStore", "RunStoreError", "runs_folder_for"]
