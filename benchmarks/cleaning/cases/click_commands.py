# expect functions: unused_helper
import click


@click.group()
def cli():
    pass


@cli.command()
@click.option("--force", is_flag=True)
def init(force):
    click.echo(f"init {force}")


@click.command()
def standalone():
    click.echo("alone")


def unused_helper():
    return 42


if __name__ == "__main__":
    cli()
