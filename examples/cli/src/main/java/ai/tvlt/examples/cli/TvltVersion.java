package ai.tvlt.examples.cli;

import picocli.CommandLine.IVersionProvider;

/** The version line of {@code tvlt --version}: the jar's implementation version when packaged. */
public final class TvltVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = TvltVersion.class.getPackage().getImplementationVersion();
        return new String[] {"tvlt " + (version == null ? "(development build)" : version),
            "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"};
    }
}
