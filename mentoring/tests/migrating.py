"""Migration tests: the database moved to a point of its history, with the models of then."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str | None]]) -> Apps:
    """Migrate to `targets` (an app's None: before its first migration); the models there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest() -> list[tuple[str, str]]:
    """Where every app's migrations end: to put the schema back after a test moved it."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
