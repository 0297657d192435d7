/** The library's exception hierarchy, rooted at {@link ai.tvlt.core.error.TvltException}. */
package ai.tvlt.core.error;
