"""What every Copilotos dashboard (and the alerts linking to them) shares: folder, jobs, slugs, selectors.

Job names go through `stack.service`, so a renamed scrape job fails the build
at its definition instead of emptying panels.
"""

import sys

from obsgen.compile.grafana import dashboard_uid
from obsgen.grafana.blocks import dashboard_link, selector
from obsgen.grafana.dashboard import Dashboard
from obsgen.source import relative
from stacks.copilotos import COMPOSE_PROJECT

FOLDER = "Copilotos Bridge"

API = "copilotos-api"
CADVISOR = "cadvisor"
PROMETHEUS = "prometheus"
LOKI = "loki"

# Slugs: uids are copilotos-<slug>; alerts link to them.
API_OVERVIEW = "api-overview"
BUSINESS = "business"
CONTAINERS = "containers"
LOGS = "logs"
MONITORING = "monitoring"

# cAdvisor copies the compose labels onto every container series; only this project's containers are ours.
PROJECT = f'container_label_com_docker_compose_project="{COMPOSE_PROJECT}"'


def uid(stack, slug: str) -> str:
    return dashboard_uid(stack, slug)


def job(stack, name: str) -> str:
    """`selector` of one scrape job, after checking the stack scrapes it."""
    return selector(f'job="{stack.service(name).job}"')


def drill(stack, slug: str, title: str) -> dict:
    return dashboard_link(uid(stack, slug), f"Open {title}")


def board(slug: str, title: str, description: str, rows, **options) -> Dashboard:
    """A Copilotos dashboard: in the stack's folder, titled `Copilotos / <title>`, tagged with its slug."""
    # Errors and `obsgen list` point at the dashboard's own module, not at this helper.
    frame = sys._getframe(1)
    where = f"{relative(frame.f_code.co_filename)}:{frame.f_lineno}"
    return Dashboard(slug=slug, title=f"Copilotos / {title}", description=description, rows=rows, folder=FOLDER,
                     tags=(slug, *options.pop("tags", ())), defined_at=where, **options)
