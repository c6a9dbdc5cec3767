"""A stand-in for the ``pulumi`` binary, so the Automation API layer runs end to end in tests.

Not the CLI and no evidence about it: it answers the handful of commands ``pulumi.automation``
sends (version, stack select/init/output/history/export, preview, up, refresh, destroy,
cancel) from a scenario file, writes the scenario's engine events to the event log the SDK
asks for, and records every call (arguments, backend, a composed config file's text) for the
test to read. Installed on PATH as ``pulumi`` by the ``fake_pulumi`` fixture; its folder is
$FAKE_PULUMI_DIR.
"""

import json
import os
import sys
from pathlib import Path

OPERATIONS = ("preview", "up", "refresh", "destroy")
# 3.205 and older write engine events to a file, which is easy to fake (newer ones use gRPC).
DEFAULT_VERSION = "3.200.0"
# `stack export` of a stack with nothing deployed yet: a checkpoint with no resources.
NOTHING_DEPLOYED = {
    "version": 3,
    "deployment": {"manifest": {"time": "", "magic": "", "version": ""}},
}


def value_after(args: list[str], flag: str) -> str | None:
    return args[args.index(flag) + 1] if flag in args else None


def main() -> int:
    home = Path(os.environ["FAKE_PULUMI_DIR"])
    scenario = json.loads((home / "scenario.json").read_text())
    args = [a for a in sys.argv[1:] if a != "--non-interactive"]
    call = {"args": args, "cwd": os.getcwd(), "backend": os.environ.get("PULUMI_BACKEND_URL")}
    config_path = value_after(args, "--config-file")
    if config_path:
        call["configFile"] = Path(config_path).read_text()
    with (home / "calls.jsonl").open("a") as log:
        log.write(json.dumps(call) + "\n")

    command = args[0] if args[0] != "stack" else f"stack {args[1]}"
    stack = value_after(args, "--stack")
    stacks_file = home / "stacks.json"
    stacks = json.loads(stacks_file.read_text()) if stacks_file.exists() else scenario["stacks"]
    failure = scenario.get("fail", {}).get(command)

    if command == "version":
        print(scenario.get("version", DEFAULT_VERSION))
    elif command == "stack select" and stack not in stacks:
        print(f"error: no stack named '{stack}' found", file=sys.stderr)
        return 255
    elif command == "stack init":
        stacks_file.write_text(json.dumps(stacks + [args[2]]))
    elif command == "stack output":
        shown = scenario.get("outputs", {})
        secrets = "--show-secrets" in args
        print(
            json.dumps(
                {
                    name: output["value"] if secrets or not output["secret"] else "[secret]"
                    for name, output in shown.items()
                }
            )
        )
    elif command == "stack export":
        print(json.dumps(scenario.get("export", NOTHING_DEPLOYED)))
    elif command == "stack history":
        print(json.dumps([scenario["history"]]))
    elif command in OPERATIONS:
        events_path = value_after(args, "--event-log")
        written = scenario.get("events", {}).get(command, [])
        if not any("cancelEvent" in event for event in written):
            written = written + [{"sequence": 0, "timestamp": 0, "cancelEvent": {}}]  # the end
        with open(events_path, "a") as events:
            for event in written:
                events.write(json.dumps(event) + "\n")
    if failure:
        print(failure.get("stdout", ""))
        print(failure.get("stderr", ""), file=sys.stderr)
        return failure.get("code", 255)
    return 0


if __name__ == "__main__":
    sys.exit(main())
