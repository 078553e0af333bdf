package io.chatcqrs.infra.provision;

/** Topics or schema could not be brought to their declared state; the message says why. */
public class ProvisioningException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }

  public ProvisioningException(String message) {
    super(message);
  }
}
