package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Model ids and revisions as users write them, and the names they get in the cache and in URLs. */
class RepoRefTest {

    @Test
    void parsesIdsWithOptionalRevision() {
        assertEquals(new RepoRef("ZinengTang/tvlt-base", "main"), RepoRef.parse("ZinengTang/tvlt-base"));
        assertEquals(new RepoRef("ZinengTang/tvlt-base", "refs/pr/1"), RepoRef.parse("ZinengTang/tvlt-base@refs/pr/1"));
        assertEquals("v1.0", RepoRef.parse("a/b@v1.0").revision());
        assertEquals("gpt2", RepoRef.parse("gpt2").repoId());
        assertEquals("models--ZinengTang--tvlt-base", RepoRef.parse("ZinengTang/tvlt-base").cacheFolderName());
        assertTrue(RepoRef.parse("a/b@0123456789abcdef0123456789abcdef01234567").isCommitHash());
        assertFalse(RepoRef.parse("a/b@0123456").isCommitHash());
    }

    @Test
    void rejectsIdsAndRevisionsThatCouldEscapeTheCache() {
        for (String bad : new String[] {"", "../x", "a/b/c", "a--b/c", "a/..b", "/abs", "a/b@", "a/b@../../etc",
                "a/b@refs/../x", "a/b@refs//pr", "a b/c", "a/b@x\\y", "-a/b"}) {
            assertThrows(InvalidInputException.class, () -> RepoRef.parse(bad), bad);
        }
    }

    @Test
    void revisionsArePercentEncodedInResolveUrls() {
        assertEquals("refs%2Fpr%2F1", HubHttp.percentEncode("refs/pr/1", false));
        assertEquals("sub/dir/f%20g.json", HubHttp.percentEncode("sub/dir/f g.json", true));
        assertEquals("%C3%A9", HubHttp.percentEncode("é", false));
    }

    @Test
    void etagsAreNormalisedLikeHuggingFaceHub() {
        assertEquals("abc", HubHttp.normaliseEtag("\"abc\""));
        assertEquals("abc", HubHttp.normaliseEtag("W/\"abc\""));
        assertEquals("abc", HubHttp.normaliseEtag("abc"));
    }
}
