"""This application's own components: the name every Pulumi project may use for its own."""
