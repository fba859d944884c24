"""What the contract asks of the implementation module itself, before any operation is called."""

from __future__ import annotations


def test_importing_the_implementation_left_the_process_state_alone(impl):
    """Importing the module changes none of the settings the corpus's oracles rely on (contract.py).

    A change (a JAX flag, NumPy's error state, the FP environment) was undone when the module was
    loaded, so every other property ran with the corpus's settings; this property reports it.
    """
    assert not impl.load_changes, (
        f"importing implementation {impl.name!r} changed the process state the corpus's oracles rely on "
        f"(undone before any property ran): {'; '.join(impl.load_changes)}")
