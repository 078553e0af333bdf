package io.chatcqrs.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a keyspace's schema to the version the code expects, from versioned CQL files on the
 * classpath ({@code db/cql/V0001__description.cql}, listed in order in {@code db/cql/index.txt}).
 *
 * <p>Promises: the keyspace is created if missing with the given replication; every version not yet
 * recorded in {@code <keyspace>.schema_migrations} is applied in order and then recorded with the
 * SHA-256 of its file; an applied file whose content changed fails loudly ({@link
 * MigrationException}) instead of being ignored; the cluster agrees on the schema when {@link
 * #migrate} returns. Running it again changes nothing. Files contain {@code ${keyspace}}
 * placeholders; statements end with {@code ;} at the end of a line; lines starting with {@code --}
 * are comments. A migration interrupted half-way is re-run from its first statement, so statements
 * should be idempotent ({@code IF NOT EXISTS}). Run it from one place (the provisioner); services
 * only compare {@link #appliedVersion} with {@link #expectedVersion} for readiness.
 */
public final class SchemaMigrator {

  static final String LOCATION = "db/cql/";
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d{4,})__([A-Za-z0-9_]+)\\.cql");
  private static final Pattern KEYSPACE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  private final String keyspace;
  private final KeyspaceReplication replication;
  private final List<Migration> migrations;

  /** Reads the migrations from the classpath of this class. */
  public SchemaMigrator(String keyspace, KeyspaceReplication replication) {
    this(keyspace, replication, SchemaMigrator::readClasspathResource);
  }

  SchemaMigrator(
      String keyspace, KeyspaceReplication replication, Function<String, String> resources) {
    if (!KEYSPACE_NAME.matcher(keyspace).matches()) {
      throw new IllegalArgumentException("invalid keyspace name: " + keyspace);
    }
    this.keyspace = keyspace;
    this.replication = replication;
    this.migrations = load(resources, keyspace);
  }

  /** The migrations found on the classpath, in version order, placeholders substituted. */
  public List<Migration> migrations() {
    return migrations;
  }

  /** The highest version on the classpath: what this code needs. */
  public int expectedVersion() {
    return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
  }

  /** The highest version applied to the keyspace; 0 if the keyspace or its table do not exist. */
  public int appliedVersion(CqlSession session) {
    return applied(session).keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** Creates the keyspace if missing and applies what is missing; returns how many were applied. */
  public int migrate(CqlSession session) {
    // Otherwise every DDL waits for the driver's debounced schema metadata refresh (about 1 s).
    session.setSchemaMetadataEnabled(false);
    try {
      return migrateWithoutMetadataRefresh(session);
    } finally {
      session.setSchemaMetadataEnabled(null);
    }
  }

  private int migrateWithoutMetadataRefresh(CqlSession session) {
    execute(
        session,
        "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication.toCql());
    execute(
        session,
        "CREATE TABLE IF NOT EXISTS "
            + keyspace
            + ".schema_migrations (version int PRIMARY KEY, description text, checksum text,"
            + " applied_at timestamp)");
    Map<Integer, String> applied = applied(session);
    int count = 0;
    for (Migration migration : migrations) {
      String checksum = applied.get(migration.version());
      if (checksum != null) {
        if (!checksum.equals(migration.checksum())) {
          throw new MigrationException(
              "migration "
                  + migration.fileName()
                  + " was applied to keyspace "
                  + keyspace
                  + " with checksum "
                  + checksum
                  + " but the file now has "
                  + migration.checksum()
                  + ": applied migrations must never change; add a new version instead");
        }
        continue;
      }
      LOG.info("applying {} to keyspace {}", migration.fileName(), keyspace);
      for (String statement : migration.statements()) {
        execute(session, statement);
      }
      session.execute(
          SimpleStatement.newInstance(
                  "INSERT INTO "
                      + keyspace
                      + ".schema_migrations (version, description, checksum, applied_at)"
                      + " VALUES (?, ?, ?, ?)",
                  migration.version(),
                  migration.description(),
                  migration.checksum(),
                  Instant.now())
              .setTimeout(DDL_TIMEOUT));
      count++;
    }
    if (!session.checkSchemaAgreement()) {
      throw new MigrationException("the cluster did not agree on the schema of " + keyspace);
    }
    int max = appliedVersion(session);
    if (max > expectedVersion()) {
      LOG.warn(
          "keyspace {} is at version {}, newer than this code's {}",
          keyspace,
          max,
          expectedVersion());
    }
    return count;
  }

  private Map<Integer, String> applied(CqlSession session) {
    Map<Integer, String> versions = new TreeMap<>();
    try {
      for (Row row :
          session.execute(
              SimpleStatement.newInstance(
                      "SELECT version, checksum FROM " + keyspace + ".schema_migrations")
                  .setTimeout(DDL_TIMEOUT))) {
        versions.put(row.getInt("version"), row.getString("checksum"));
      }
    } catch (InvalidQueryException e) {
      return Map.of(); // no keyspace or no table yet: nothing applied
    }
    return versions;
  }

  private static void execute(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
  }

  static List<Migration> load(Function<String, String> resources, String keyspace) {
    String index = resources.apply(LOCATION + "index.txt");
    if (index == null) {
      throw new MigrationException("no " + LOCATION + "index.txt on the classpath");
    }
    List<Migration> result = new ArrayList<>();
    for (String line : index.split("\\R")) {
      String fileName = line.strip();
      if (fileName.isEmpty() || fileName.startsWith("#")) {
        continue;
      }
      String content = resources.apply(LOCATION + fileName);
      if (content == null) {
        throw new MigrationException(LOCATION + fileName + " is listed in index.txt but missing");
      }
      Migration migration = parse(fileName, content, keyspace);
      if (!result.isEmpty() && result.get(result.size() - 1).version() >= migration.version()) {
        throw new MigrationException(
            "index.txt must list versions in increasing order: " + fileName);
      }
      result.add(migration);
    }
    return List.copyOf(result);
  }

  static Migration parse(String fileName, String content, String keyspace) {
    Matcher name = FILE_NAME.matcher(fileName);
    if (!name.matches()) {
      throw new MigrationException(
          "migration file name must look like V0001__description.cql: " + fileName);
    }
    List<String> statements =
        splitStatements(content).stream()
            .map(statement -> substitute(statement, keyspace, fileName))
            .collect(Collectors.toUnmodifiableList());
    return new Migration(
        Integer.parseInt(name.group(1)),
        name.group(2).replace('_', ' '),
        fileName,
        statements,
        sha256(content));
  }

  /** Statements without comment lines and without their final {@code ;}. */
  static List<String> splitStatements(String content) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : content.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      if (current.length() > 0) {
        current.append('\n');
      }
      current.append(line.stripTrailing());
      if (trimmed.endsWith(";")) {
        addStatement(statements, current);
      }
    }
    addStatement(statements, current);
    return statements;
  }

  private static void addStatement(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    while (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).stripTrailing();
    }
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }

  private static String substitute(String statement, String keyspace, String fileName) {
    Matcher placeholder = PLACEHOLDER.matcher(statement);
    StringBuilder out = new StringBuilder();
    while (placeholder.find()) {
      if (!placeholder.group(1).equals("keyspace")) {
        throw new MigrationException(
            "unknown placeholder " + placeholder.group() + " in " + fileName);
      }
      placeholder.appendReplacement(out, Matcher.quoteReplacement(keyspace));
    }
    placeholder.appendTail(out);
    return out.toString();
  }

  private static String sha256(String content) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readClasspathResource(String path) {
    try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One versioned migration file.
   *
   * @param statements the CQL statements, placeholders substituted, without {@code ;}
   * @param checksum SHA-256 of the file's content as written (before substitution)
   */
  public record Migration(
      int version, String description, String fileName, List<String> statements, String checksum) {}

  /**
   * A keyspace's replication: {@link #simple} for one data centre (local runs), {@link
   * #networkTopology} with a replication factor per data centre for clusters.
   */
  public record KeyspaceReplication(String strategy, Map<String, Integer> factors) {

    public KeyspaceReplication {
      if (!strategy.equals("SimpleStrategy") && !strategy.equals("NetworkTopologyStrategy")) {
        throw new IllegalArgumentException("unsupported replication strategy " + strategy);
      }
      if (factors.isEmpty() || factors.values().stream().anyMatch(rf -> rf < 1)) {
        throw new IllegalArgumentException("replication factors must be positive: " + factors);
      }
      factors = Map.copyOf(new TreeMap<>(factors));
    }

    public static KeyspaceReplication simple(int replicationFactor) {
      return new KeyspaceReplication(
          "SimpleStrategy", Map.of("replication_factor", replicationFactor));
    }

    public static KeyspaceReplication networkTopology(Map<String, Integer> factorPerDatacenter) {
      return new KeyspaceReplication("NetworkTopologyStrategy", factorPerDatacenter);
    }

    /** The CQL map literal, e.g. {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}. */
    public String toCql() {
      return new TreeMap<>(factors)
          .entrySet().stream()
              .map(e -> "'" + e.getKey().replace("'", "''") + "': " + e.getValue())
              .collect(Collectors.joining(", ", "{'class': '" + strategy + "', ", "}"));
    }
  }

  /** The schema cannot be brought to the expected version; the message says why. */
  public static final class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
      super(message);
    }
  }
}
