package be.imio.platform.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;

/**
 * Signs, on the publisher's machine, the files {@code mvn deploy} has just uploaded (the project's
 * artifact, its attached artifacts and its pom) into the publisher's role, and sends that role to
 * the central repository, which offers hosts only what the publisher signed. Bound to {@code deploy},
 * after the upload. The key is the file {@code imio.signing.key} with the pass-phrase
 * {@code imio.signing.passphrase}, or the {@code <privateKey>} and {@code <passphrase>} of the
 * deployment repository's {@code <server>} in {@code settings.xml} (which Maven may keep encrypted);
 * the account is that server's {@code <username>}. Without a key, it signs nothing and says so.
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public final class SignMojo extends AbstractMojo {

    private static final int ATTEMPTS = 5;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    private Settings settings;

    @Parameter(defaultValue = "${session}", readonly = true)
    private org.apache.maven.execution.MavenSession session;

    @Component
    private SettingsDecrypter decrypter;

    /** The publisher's key file (made by {@code imio:keygen}); else the server's {@code <privateKey>}. */
    @Parameter(property = "imio.signing.key")
    private File key;

    /** The key's pass-phrase; else the server's {@code <passphrase>}. */
    @Parameter(property = "imio.signing.passphrase")
    private String passphrase;

    /**
     * After replacing its key: the SHA-256 of the role the publisher last signed with its previous
     * key (printed by that signing), whose files the new key then signs too.
     */
    @Parameter(property = "imio.signing.previousRole")
    private String previousRole;

    /** Where {@code mvn deploy} uploads: {@code id::url}, as the deploy plugin takes it. */
    @Parameter(property = "altDeploymentRepository")
    private String altDeploymentRepository;

    @Parameter(property = "imio.signing.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Signing skipped (imio.signing.skip)");
            return;
        }
        String[] repository = repository();
        Server server = server(repository[0]);
        Path keyFile = key != null ? key.toPath() : server != null && server.getPrivateKey() != null
                ? Path.of(server.getPrivateKey()) : null;
        if (keyFile == null) {
            getLog().warn("Not signed: no key (-Dimio.signing.key, or <privateKey> of server " + repository[0]
                    + " in settings.xml). If iMio registered a key for your account, these files await your signature"
                    + " and no host is offered them until you sign them: mvn package"
                    + " be.imio.platform:imio-maven-plugin:sign with your key.");
            return;
        }
        if (server == null || server.getUsername() == null) {
            throw new MojoFailureException("no <server> with id " + repository[0] + " and a <username> in settings.xml:"
                    + " the role is sent with the account mvn deploy uses");
        }
        String phrase = passphrase != null ? passphrase : server.getPassphrase();
        char[] typed = phrase == null ? askPassphrase(keyFile) : phrase.toCharArray();
        SigningKey signing;
        try {
            signing = SigningKey.readFrom(keyFile, typed);
        } catch (IOException | MetadataException e) {
            throw new MojoFailureException("cannot read the signing key " + keyFile + ": " + e.getMessage(), e);
        }
        List<Target> files = deployedFiles();
        RepositoryRoles roles = new RepositoryRoles(repository[1], server.getUsername(), server.getPassword());
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                SignedMetadata next = PublisherRole.next(roles.published(), files, signing, previousRole, Instant.now());
                RepositoryRoles.Answer answer = roles.send(next);
                if (answer.status() == 200) {
                    getLog().info("Signed " + files.size() + " files into role publisher-" + server.getUsername()
                            + " version " + next.version() + " (key " + signing.publicKey().id().substring(0, 12)
                            + "; role SHA-256 " + be.imio.platform.trust.Digests.sha256Hex(next.toBytes()) + ")");
                    return;
                }
                if (!answer.versionTaken()) {
                    throw new MojoFailureException("the repository refused the signed role (" + answer.status() + "): "
                            + answer.body());
                }
                // Another build of the same publisher published a version meanwhile: start from it.
            }
            throw new MojoFailureException("the role changed under " + ATTEMPTS + " attempts in a row; deploy again");
        } catch (MetadataException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot reach the repository: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted", e);
        }
    }

    /**
     * The pass-phrase of {@code keyFile} typed at the terminal, when neither the command line nor
     * the settings give it and Maven runs with one (not in batch mode); else none, and reading an
     * encrypted key then fails saying a pass-phrase is needed.
     */
    private char[] askPassphrase(Path keyFile) {
        java.io.Console console = System.console();
        if (console == null || session == null || !session.getRequest().isInteractiveMode()) {
            return new char[0];
        }
        char[] typed = console.readPassword("Pass-phrase of %s: ", keyFile);
        return typed == null ? new char[0] : typed;
    }

    /** The deployment repository: its id and URL. */
    private String[] repository() throws MojoFailureException {
        if (altDeploymentRepository != null && !altDeploymentRepository.isBlank()) {
            String[] parts = altDeploymentRepository.split("::");
            return new String[] {parts[0], parts[parts.length - 1]};
        }
        if (project.getDistributionManagementArtifactRepository() == null) {
            throw new MojoFailureException("no <distributionManagement> repository nor -DaltDeploymentRepository");
        }
        return new String[] {project.getDistributionManagementArtifactRepository().getId(),
                project.getDistributionManagementArtifactRepository().getUrl()};
    }

    private Server server(String id) throws MojoFailureException {
        Server server = settings.getServer(id);
        if (server == null) {
            return null;
        }
        SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : decrypted.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoFailureException("settings.xml, server " + id + ": " + problem.getMessage());
            }
        }
        return decrypted.getServer();
    }

    /** The files {@code mvn deploy} uploaded for this project, as the role pins them. */
    private List<Target> deployedFiles() throws MojoExecutionException {
        List<Target> files = new ArrayList<>();
        try {
            Artifact main = project.getArtifact();
            files.add(PublisherRole.target(PublisherRole.path(project.getGroupId(), project.getArtifactId(),
                    project.getVersion(), null, "pom"), project.getFile().toPath()));
            if (main.getFile() != null && main.getFile().isFile()) {
                files.add(PublisherRole.target(path(main), main.getFile().toPath()));
            }
            String mainName = project.getArtifactId() + "-" + project.getVersion();
            for (Artifact attached : project.getAttachedArtifacts()) {
                String path = path(attached);
                // Sources, javadoc and signatures are kept beside a release, never installed: not signed.
                if (!PublisherRole.isCompanion(path.substring(path.lastIndexOf('/') + 1), mainName)) {
                    files.add(PublisherRole.target(path, attached.getFile().toPath()));
                }
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read a deployed file: " + e.getMessage(), e);
        }
        return files;
    }

    private static String path(Artifact artifact) {
        return PublisherRole.path(artifact.getGroupId(), artifact.getArtifactId(), artifact.getBaseVersion(),
                artifact.getClassifier(), artifact.getArtifactHandler().getExtension());
    }
}
