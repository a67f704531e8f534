package dev.latchkey.passkeys;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.AttestationStatement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.attestation.statement.PackedAttestationStatement;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A passkey authenticator in software, for tests: an ES256 key pair and a credential id, and the
 * JSON a browser's {@code credential.toJSON()} gives for a registration or an assertion. The
 * authenticator data and attestation object are built as the authenticator would (CBOR through
 * webauthn4j's converters) and signed with {@code java.security}; nothing is verified here.
 *
 * <p>Each property a test may want wrong is a field: the origin the "browser" reports, the RP id
 * the "authenticator" hashes, the UV flag, the counter.
 */
final class SoftwareAuthenticator {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final ObjectConverter CONVERTER = new ObjectConverter();

  final KeyPair keys;
  final byte[] credentialId;
  String origin;
  String rpId;
  boolean userVerified = true;
  long counter;
  /** Whether registration sends a self-signed {@code packed} attestation instead of {@code none}. */
  boolean packedAttestation;
  /** The user handle the authenticator stored at registration. */
  byte[] userHandle;

  SoftwareAuthenticator(SecureRandom random, String origin, String rpId) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      this.keys = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    this.credentialId = new byte[20];
    random.nextBytes(credentialId);
    this.origin = origin;
    this.rpId = rpId;
  }

  String credentialIdB64() {
    return B64.encodeToString(credentialId);
  }

  /** Answers creation options: {@code credential.toJSON()} of {@code navigator.credentials.create}. */
  String register(String optionsJson) {
    JsonNode options = JSON.readTree(optionsJson);
    String challenge = options.get("challenge").asString();
    userHandle = Base64.getUrlDecoder().decode(options.get("user").get("id").asString());
    byte[] clientData = clientData("webauthn.create", challenge);
    byte flags = (byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_AT
        | AuthenticatorData.BIT_BE | (userVerified ? AuthenticatorData.BIT_UV : 0));
    AttestedCredentialData credential = new AttestedCredentialData(AAGUID.ZERO, credentialId,
        EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
    AuthenticatorData<RegistrationExtensionAuthenticatorOutput> auth =
        new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags, counter,
            credential);
    AttestationStatement statement = new NoneAttestationStatement();
    if (packedAttestation) {
      byte[] authBytes = new AuthenticatorDataConverter(CONVERTER).convert(auth);
      statement = new PackedAttestationStatement(COSEAlgorithmIdentifier.ES256,
          sign(concat(authBytes, sha256(clientData))), null);
    }
    byte[] attestation = new AttestationObjectConverter(CONVERTER)
        .convertToBytes(new AttestationObject(auth, statement));
    String id = credentialIdB64();
    return "{\"id\":\"" + id + "\",\"rawId\":\"" + id + "\",\"type\":\"public-key\","
        + "\"authenticatorAttachment\":\"platform\",\"response\":{\"clientDataJSON\":\""
        + B64.encodeToString(clientData) + "\",\"attestationObject\":\""
        + B64.encodeToString(attestation) + "\",\"transports\":[\"internal\",\"hybrid\"]},"
        + "\"clientExtensionResults\":{}}";
  }

  /** Answers request options: {@code credential.toJSON()} of {@code navigator.credentials.get}. */
  String assertion(String optionsJson) {
    counter++;
    return assertionWithCounter(optionsJson, counter);
  }

  /** As {@link #assertion}, reporting {@code signCount} whatever the counter is. */
  String assertionWithCounter(String optionsJson, long signCount) {
    String challenge = JSON.readTree(optionsJson).get("challenge").asString();
    byte[] clientData = clientData("webauthn.get", challenge);
    byte flags = (byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_BE
        | (userVerified ? AuthenticatorData.BIT_UV : 0));
    AuthenticatorData<AuthenticationExtensionAuthenticatorOutput> auth = new AuthenticatorData<>(
        sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags, signCount);
    byte[] authBytes = new AuthenticatorDataConverter(CONVERTER).convert(auth);
    byte[] signature = sign(concat(authBytes, sha256(clientData)));
    String id = credentialIdB64();
    return "{\"id\":\"" + id + "\",\"rawId\":\"" + id + "\",\"type\":\"public-key\","
        + "\"authenticatorAttachment\":\"platform\",\"response\":{\"clientDataJSON\":\""
        + B64.encodeToString(clientData) + "\",\"authenticatorData\":\""
        + B64.encodeToString(authBytes) + "\",\"signature\":\"" + B64.encodeToString(signature)
        + "\",\"userHandle\":\"" + B64.encodeToString(userHandle) + "\"},"
        + "\"clientExtensionResults\":{}}";
  }

  private byte[] clientData(String type, String challenge) {
    return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\""
        + origin + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
  }

  private byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(keys.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
