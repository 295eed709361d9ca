package cuaderno.magic;

import eu.maveniverse.maven.mima.context.Context;
import eu.maveniverse.maven.mima.context.ContextOverrides;
import eu.maveniverse.maven.mima.context.Runtimes;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.util.artifact.JavaScopes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Resolves Maven coordinates with their runtime dependencies (Maven Central, ~/.m2 as cache and settings). */
final class MavenResolver {

    private MavenResolver() {
    }

    static List<Path> resolve(List<String> coordinates) {
        ContextOverrides overrides = ContextOverrides.create().withUserSettings(true).build();
        try (Context context = Runtimes.INSTANCE.getRuntime().create(overrides)) {
            CollectRequest collect = new CollectRequest();
            for (String coordinate : coordinates) {
                collect.addDependency(new Dependency(artifact(coordinate), JavaScopes.RUNTIME));
            }
            collect.setRepositories(context.remoteRepositories());
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult result : context.repositorySystem()
                    .resolveDependencies(context.repositorySystemSession(), new DependencyRequest(collect, null))
                    .getArtifactResults()) {
                jars.add(result.getArtifact().getFile().toPath());
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new MagicError("could not resolve " + String.join(", ", coordinates) + ": " + rootMessage(e)
                    + ". Check the coordinates (group:artifact:version) on https://central.sonatype.com", e);
        }
    }

    private static DefaultArtifact artifact(String coordinate) {
        try {
            return new DefaultArtifact(coordinate);
        } catch (IllegalArgumentException e) {
            throw new MagicError("'" + coordinate + "' is not Maven coordinates; write group:artifact:version, "
                    + "for example %maven org.apache.commons:commons-math3:3.6.1");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
