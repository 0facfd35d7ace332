"""`field__any_of=ids`: membership in a set of ids bound as one array on PostgreSQL (device
`any_of`).

`IN (%s, %s, …)` builds, binds and plans one parameter per id; the authorisation scope of an
ARS agent holds a few hundred contract ids and is applied to every list (contracts/access.py).
`= ANY(%s)` costs one parameter whatever the number of ids. Whole numbers are bound as the
array's text (`{5,10,22}`): psycopg writes a list element by element in Python, which cost
0.1 to 0.2 ms a query for an agent's scope. Other databases get `IN (…)`.
"""

from django.core.exceptions import EmptyResultSet
from django.db import models

from config import fastpaths


class AnyOf(models.Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [sorted(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = sorted(self.rhs)
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql" and fastpaths.enabled("any_of"):
            if all(type(value) is int for value in values):
                array_type = self.lhs.output_field.db_type(connection)
                literal = "{" + ",".join(map(str, values)) + "}"
                return f"{lhs} = ANY(%s::{array_type}[])", [*lhs_params, literal]
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        placeholders = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *values]


models.ForeignKey.register_lookup(AnyOf)
models.BigAutoField.register_lookup(AnyOf)
