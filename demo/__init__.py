"""The Fernleigh District Council demo: pages, eForms, cases and accounts for development and
evaluation, loaded by `manage.py load_demo_content`.

Only the development and test settings install this app; production does not, and no production
app imports it. Demo writes go through each app's own services where one exists (cases are opened
and moved on with `crm.cases.services`), as real ones are.
"""
