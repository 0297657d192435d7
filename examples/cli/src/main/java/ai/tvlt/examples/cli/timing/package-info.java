/** The {@code --repeat N} timing report of the commands that run a forward pass. */
package ai.tvlt.examples.cli.timing;
