"""Learning aids: the concept guide (Help ▸ Guide) and the guided lessons (Help ▸ Lessons)."""
