"""BrainBytes rule groups, one module per concern."""

from rules.brainbytes import availability, experience, monitoring, records, resources, slos


def groups(stack):
    return [
        *records.groups(stack),
        availability.group(stack),
        resources.group(stack),
        monitoring.group(stack),
        experience.group(stack),
        experience.traffic_group(stack),
        *slos.groups(stack),
    ]
