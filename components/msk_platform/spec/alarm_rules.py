"""Rules for ``msk:alarms``: thresholds, the evaluation period, and where notifications go.

CloudWatch accepts alarms it will never evaluate, and publishes to topics it can't write to
without a word, so these rules say so before anything is deployed.
"""

import re

from .. import catalog
from .draft import Draft
from .values import show

SNS_TOPIC_ARN = re.compile(r"arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

# An alarm fires on a condition that lasts this many periods of msk:alarms.periodSeconds
# (the per-broker CPU and replication alarms; the serverless throughput alarms watch the same
# window minute by minute). One-period alarms (disk, offline partitions) fire sooner.
ALARM_WINDOW_PERIODS = 3


def check_alarms(draft: Draft) -> None:
    alarms = draft.value("alarms")
    if not alarms or not draft.ok("alarms"):
        return
    for snake, name in (
        ("disk_used_percent", "diskUsedPercent"),
        ("cpu_percent", "cpuPercent"),
        ("throughput_percent", "throughputPercent"),
    ):
        value = alarms[snake]
        if not 0 < value <= 100:
            draft.reader.fail(f"msk:alarms.{name}", f"{value:g} is not a percentage; use 1–100")
    period = alarms["period_seconds"]
    problem = alarm_period_problem(period, serverless=draft.serverless)
    if problem is not None:
        draft.reader.fail("msk:alarms.periodSeconds", problem)
    topic = alarms["sns_topic_arn"]
    if isinstance(topic, str) and not SNS_TOPIC_ARN.fullmatch(topic):
        draft.reader.fail(
            "msk:alarms.snsTopicArn",
            f"{show(topic)} is not an SNS topic ARN; use arn:aws:sns:<region>:<account>:<topic>",
        )
    elif topic is not None:
        draft.warnings.append(your_topic_warning(topic))
    emails = alarms["emails"]
    if emails and topic is not None:
        draft.reader.fail(
            "msk:alarms.emails",
            "subscribes to the topic the component creates, "
            "but snsTopicArn names your own; subscribe there instead",
        )
    for index, email in enumerate(emails or ()):
        if not EMAIL.fullmatch(email):
            draft.reader.fail(
                f"msk:alarms.emails[{index}]", f"{show(email)} is not an email address"
            )


def your_topic_warning(topic: object) -> str:
    """CloudWatch drops notifications to a topic whose key it may not use, and says nothing."""
    rule = catalog.observability()["alarm_topic_encryption"]
    name = topic if isinstance(topic, str) else "the topic"
    return (
        f"msk:alarms.snsTopicArn: if {name} is encrypted, its KMS key must be customer "
        f"managed (not {rule['aws_managed_key_alias']}) and its key policy must let "
        f"{rule['service_principal']} use it ({' and '.join(rule['key_actions'])}); "
        "otherwise CloudWatch drops every alarm notification without an error"
    )


def alarm_period_problem(period: int, serverless: bool = False) -> str | None:
    """Why CloudWatch would refuse (or never fire) an alarm on MSK's metrics with this period."""
    rules = catalog.alarm_period_rules()
    step = rules["multiple_of"]
    ranges = rules["max_evaluation_range_seconds"]
    longest = ranges["period_under_3600"] if period < 3600 else ranges["otherwise"]
    if period in rules["high_resolution"]:
        return (
            f"{period} s suits only high-resolution metrics; MSK publishes once a minute, so such "
            f"an alarm lapses into INSUFFICIENT_DATA; use a multiple of {step} (e.g. 60 or 300)"
        )
    if period < step or period % step:
        return (
            f"{period} s is not a period CloudWatch takes for these metrics; use a multiple of "
            f"{step} (CloudWatch takes 10, 20, 30 or multiples of 60; MSK publishes once a minute)"
        )
    window = period * ALARM_WINDOW_PERIODS
    if window > longest:
        most = longest // ALARM_WINDOW_PERIODS // step * step
        return (
            f"{period} s × {ALARM_WINDOW_PERIODS} evaluation periods passes the "
            f"{longest:,} s CloudWatch evaluates at most; use at most {most:,}"
        )
    insights = catalog.observability()["serverless_throughput_alarm"]
    insights_most = insights["metrics_insights_max_evaluation_seconds"]
    if serverless and window > insights_most:
        most = insights_most // ALARM_WINDOW_PERIODS // step * step
        return (
            f"{period} s × {ALARM_WINDOW_PERIODS} periods is a {window:,} s window, but the "
            "serverless throughput alarms read a Metrics Insights query, which CloudWatch "
            f"evaluates over the latest {insights_most:,} s only; use at most {most:,}"
        )
    return None
