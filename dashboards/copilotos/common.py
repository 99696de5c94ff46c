"""What every Copilotos dashboard (and the alerts linking to them) shares: folder, jobs, slugs, selectors.

Job names go through `stack.service`, so a renamed scrape job fails the build
at its definition instead of emptying panels.
"""

from obsgen.api import Dashboard, dashboard_link, dashboard_uid, helper
# Jobs and slugs live with the stack, where the rules read them too.
from stacks.copilotos import (  # noqa: F401  (the dashboard modules import them from here)
    API_JOB as API,
    API_OVERVIEW,
    BUSINESS,
    CADVISOR_JOB as CADVISOR,
    COMPOSE_PROJECT,
    CONTAINERS,
    LOGS,
    LOKI_JOB as LOKI,
    MONITORING,
    PROMETHEUS_JOB as PROMETHEUS,
)

FOLDER = "Copilotos Bridge"

# cAdvisor copies the compose labels onto every container series; only this project's containers are ours.
PROJECT = f'container_label_com_docker_compose_project="{COMPOSE_PROJECT}"'


def uid(stack, slug: str) -> str:
    return dashboard_uid(stack, slug)


def drill(stack, slug: str, title: str) -> dict:
    return dashboard_link(uid(stack, slug), f"Open {title}")


@helper  # errors and `obsgen list` point at the dashboard's own module, not at this function
def board(slug: str, title: str, description: str, rows, **options) -> Dashboard:
    """A Copilotos dashboard: in the stack's folder, titled `Copilotos / <title>`, tagged with its slug."""
    return Dashboard(slug=slug, title=f"Copilotos / {title}", description=description, rows=rows, folder=FOLDER,
                     tags=(slug, *options.pop("tags", ())), **options)
