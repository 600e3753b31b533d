import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The broker-wide part of Kafka's access control, applied as the super user by infra/bin/kafka after every start
 * (both steps are upserts): each client principal's SCRAM-SHA-512 credential from its password file, and the ACLs
 * that do not depend on a topic namespace. The operator may do anything with topics and consumer groups (topics,
 * replay with reset-offsets, dead-letter republish); the auditor reads every topic and describes every group. The
 * services' and terminals' ACLs are per namespace ({@code infra/bin/kafka-access grant}).
 *
 * <p>Run with Java's source launcher on the broker's classpath, so the broker needs no build of the project:
 * {@code java -cp "lib/*" BrokerPrincipals.java <credentials-dir> <principal>...}. Kafka's ConfigCommand would take
 * each password on its command line; here they go from the mode-600 files straight to the broker.
 */
public final class BrokerPrincipals {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, Object> config = new HashMap<>();
        Properties admin = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("admin.properties"))) {
            admin.load(in);
        }
        admin.forEach((key, value) -> config.put((String) key, value));
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            credentials.add(new UserScramCredentialUpsertion(args[i],
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), passwordOf(dir, args[i])));
        }
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : List.of(AclOperation.ALL)) {
            acls.add(allow("operator", ResourceType.TOPIC, "*", PatternType.LITERAL, operation));
            acls.add(allow("operator", ResourceType.GROUP, "*", PatternType.LITERAL, operation));
        }
        for (AclOperation operation : List.of(AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
                AclOperation.CREATE, AclOperation.IDEMPOTENT_WRITE)) {
            acls.add(allow("operator", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, operation));
        }
        for (AclOperation operation : List.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow("auditor", ResourceType.TOPIC, "*", PatternType.LITERAL, operation));
        }
        acls.add(allow("auditor", ResourceType.GROUP, "auditor-", PatternType.PREFIXED, AclOperation.READ));
        acls.add(allow("auditor", ResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.DESCRIBE));
        acls.add(allow("auditor", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.DESCRIBE));
        try (Admin client = Admin.create(config)) {
            client.alterUserScramCredentials(credentials).all().get(60, TimeUnit.SECONDS);
            client.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static String passwordOf(Path dir, String principal) throws IOException {
        for (String line : Files.readAllLines(dir.resolve(principal + ".secret"))) {
            if (line.startsWith("# password=")) {
                return line.substring("# password=".length());
            }
        }
        throw new IllegalStateException("no password in " + dir.resolve(principal + ".secret"));
    }
}
