"""Scenarios for the CLI and the app: list, create, save, copy, delete, and TOML export and import.

Both front ends store a scenario through these functions, so a name is checked by one rule and a
duplicate refused with one message. A scenario's assumptions (the calibrated baseline when it is not
stored yet) come from :func:`cswork.services.projection.scenario_assumptions`.
"""

from __future__ import annotations

from cswork.store.scenarios import (
    ScenarioError,
    StoredScenario,
    check_name,
    create_scenario,
    delete_scenario,
    from_toml,
    list_scenarios,
    save_scenario,
    to_toml,
)

__all__ = [
    "ScenarioError",
    "StoredScenario",
    "check_name",
    "create_scenario",
    "delete_scenario",
    "from_toml",
    "list_scenarios",
    "save_scenario",
    "to_toml",
]
