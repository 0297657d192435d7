/**
 * The {@code tvlt} command-line tool (SPEC section 4): {@link ai.tvlt.examples.cli.TvltCommand} and one
 * class per sub-command. Every failure ends in one line {@code tvlt: error: <message>} on stderr and a
 * non-zero exit status ({@link ai.tvlt.examples.cli.ErrorReporter}).
 */
package ai.tvlt.examples.cli;
