"""Generated dossier histories for report exercises (being written)."""


def generate_history(*, workspace, item: dict, seed: int) -> int:
    raise NotImplementedError
