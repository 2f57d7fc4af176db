"""The one exception family of kg-extract."""


class KgError(Exception):
    """Base of every error kg-extract reports to its user."""

    exit_code = 1


class InputError(KgError):
    """A corpus folder, article file or option that cannot be used."""

    exit_code = 2


class ModelError(KgError):
    """The spaCy model or the ontology data cannot be loaded."""

    exit_code = 3


class QueryError(KgError):
    """A SPARQL query or graph file that cannot be run or read."""

    exit_code = 4
