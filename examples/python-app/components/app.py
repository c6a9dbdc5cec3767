"""The orders application's network identity and role: what the cluster grants access to."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws


@dataclass
class App:
    security_group: aws.ec2.SecurityGroup
    role: aws.iam.Role


def build_app(name: str, vpc_id: pulumi.Input[str]) -> App:
    security_group = aws.ec2.SecurityGroup(
        f"{name}-app",
        description=f"{name} application tasks",
        vpc_id=vpc_id,
        egress=[
            {
                "description": "to the brokers and AWS APIs",
                "protocol": "tcp",
                "from_port": 443,
                "to_port": 9098,
                "cidr_blocks": ["10.0.0.0/8"],
            }
        ],
    )
    role = aws.iam.Role(
        f"{name}-app",
        assume_role_policy=(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
            '"Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
        ),
    )
    return App(security_group, role)
