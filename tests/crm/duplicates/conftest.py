"""Two teams with an officer each (the admin tests' fixtures), for duplicates, links and merges."""

from tests.crm.admin.conftest import (  # noqa: F401 (fixtures)
    client_a,
    staff_a,
    staff_b,
    team_a,
    team_b,
    type_a,
    type_b,
)
