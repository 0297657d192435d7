package ai.tvlt.examples.cli;

import picocli.CommandLine.IVersionProvider;

/** The version line of {@code tvlt --version}: the jar's implementation version when packaged. */
public final class TvltVersion implements IVersionProvider {

    /** @return the jar's implementation version, or {@code (development build)} outside the jar */
    public static String versionNumber() {
        String version = TvltVersion.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"tvlt " + versionNumber(),
            "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"};
    }
}
