import click
from . import __version__

@click.group()
@click.version_option(__version__)
def main():
    """shuyu"""
