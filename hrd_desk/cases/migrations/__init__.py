"""Schema steps ``NNNN_name.sql``, applied in order by :mod:`hrd_desk.cases.schema`."""
