package io.chatcqrs.platform.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import java.util.List;

/**
 * The parsed contract, with one change: the schema repository hands out one validator per schema
 * instead of a new one per request.
 *
 * <p>Why: Vert.x's request validator (vertx-openapi 5.0) asks {@code
 * getSchemaRepository().validator(schema)} for every parameter and body of every request, and each
 * call builds a validator that copies the repository's whole lookup table (every schema of the
 * document). A profile of the send path showed that copy as the largest single cost of the command
 * API (about a fifth of its CPU). A validator is immutable once built (its lookup table is only
 * written in its constructor), so reusing it across requests and threads is safe. The cache is
 * keyed by schema identity (the contract's schemas are built once, at load) with weak keys.
 */
final class ValidatorCachingContract implements OpenAPIContract {
  private final OpenAPIContract contract;
  private final SchemaRepository repository;

  ValidatorCachingContract(OpenAPIContract contract) {
    this.contract = contract;
    this.repository = new CachingRepository(contract.getSchemaRepository());
  }

  @Override
  public SchemaRepository getSchemaRepository() {
    return repository;
  }

  @Override
  public Operation operation(String operationId) {
    return contract.operation(operationId);
  }

  @Override
  public List<Operation> operations() {
    return contract.operations();
  }

  @Override
  public List<Path> getPaths() {
    return contract.getPaths();
  }

  @Override
  public JsonObject getRawContract() {
    return contract.getRawContract();
  }

  @Override
  public OpenAPIVersion getVersion() {
    return contract.getVersion();
  }

  @Override
  public List<Server> getServers() {
    return contract.getServers();
  }

  @Override
  public Path findPath(String urlPath) {
    return contract.findPath(urlPath);
  }

  @Override
  public Operation findOperation(String urlPath, HttpMethod method) {
    return contract.findOperation(urlPath, method);
  }

  @Override
  public List<SecurityRequirement> getSecurityRequirements() {
    return contract.getSecurityRequirements();
  }

  @Override
  public SecurityScheme securityScheme(String name) {
    return contract.securityScheme(name);
  }

  /** Delegates everything; remembers {@link #validator(JsonSchema)} per schema instance. */
  private static final class CachingRepository implements SchemaRepository {
    private final SchemaRepository repository;
    // weakKeys: identity comparison, and no pinning of schemas the contract no longer holds
    private final Cache<JsonSchema, Validator> validators =
        Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    CachingRepository(SchemaRepository repository) {
      this.repository = repository;
    }

    @Override
    public Validator validator(JsonSchema schema) {
      return validators.get(schema, repository::validator);
    }

    @Override
    public SchemaRepository dereference(JsonSchema schema) {
      repository.dereference(schema);
      return this;
    }

    @Override
    public SchemaRepository dereference(String uri, JsonSchema schema) {
      repository.dereference(uri, schema);
      return this;
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs) {
      repository.preloadMetaSchema(fs);
      return this;
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
      repository.preloadMetaSchema(fs, draft);
      return this;
    }

    @Override
    public Validator validator(String ref) {
      return repository.validator(ref);
    }

    @Override
    public Validator validator(String ref, JsonSchemaOptions options) {
      return repository.validator(ref, options);
    }

    @Override
    public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
      return repository.validator(schema, options, dereference);
    }

    @Override
    public JsonObject resolve(JsonObject schema) {
      return repository.resolve(schema);
    }

    @Override
    public JsonSchema find(String pointer) {
      return repository.find(pointer);
    }
  }
}
