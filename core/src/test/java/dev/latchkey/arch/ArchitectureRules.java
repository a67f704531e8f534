package dev.latchkey.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Latchkey's architecture rules, in the order issue 8 (item 7) lists them. Each rule is a factory so
 * that core's test, the store modules' tests and the fixture tests that prove each rule bites all
 * apply the same definition; most take the package they guard as a parameter for that reason.
 *
 * <ol>
 *   <li>{@link #noCyclesBetweenPackages}: no cycle between the packages of the library.
 *   <li>{@link #nothingDependsOnTheCompositionRoot}: {@code Latchkey} and its builder may depend on
 *       every package; nothing may depend back on the package that holds them.
 *   <li>{@link #storesUseOnlyTheSpi}: a store imports nothing from core but {@code spi} and the API
 *       value types it stores ({@link #STORE_MAY_USE_PACKAGES}, {@link #STORE_MAY_USE_TYPES}).
 *   <li>{@link #noWeakRandomness}: no {@code java.util.Random} (other than {@link SecureRandom} as
 *       a type), {@code Math.random}, {@code ThreadLocalRandom}, {@code SplittableRandom}.
 *   <li>{@link #secureRandomOnlyFromTheCompositionRoot}: no {@code new SecureRandom()} (or
 *       {@code SecureRandom.getInstance…}, {@code UUID.randomUUID}) outside
 *       {@code Latchkey.Builder}: randomness comes from the injected {@link SecureRandom}.
 *   <li>{@link #timeOnlyFromTheInjectedClock}: no {@code Instant.now()}, {@code LocalDateTime.now()}
 *       … without a {@link Clock}, no system clock outside {@code Latchkey.Builder}.
 *   <li>{@link #noPublicSignatureNamesAHiddenType}: no public or protected member of a public type
 *       in an exported package names a type of a package that is not exported
 *       ({@code dev.latchkey.internal}).
 *   <li>{@link #secretsComparedInConstantTime}: the classes that compare secrets or codes
 *       ({@link #SECRET_COMPARING_CLASSES}) make no early-exit comparison ({@code equals},
 *       {@code Arrays.equals}, …) other than the documented {@link #NON_SECRET_COMPARISONS}; every
 *       class that compares in constant time is listed (security invariant 3, issue 9).
 * </ol>
 */
public final class ArchitectureRules {
  /** The library's root package, which holds only the composition root. */
  public static final String ROOT = "dev.latchkey";
  /** The one class that may make a {@link SecureRandom} or a system {@link Clock}. */
  public static final String COMPOSITION_ROOT_BUILDER = "dev.latchkey.Latchkey$Builder";

  /** What {@code module dev.latchkey.core} exports: the API packages and {@code spi}, no more. */
  public static final Set<String> CORE_EXPORTS = Set.of(
      "dev.latchkey",
      "dev.latchkey.apikey",
      "dev.latchkey.backup",
      "dev.latchkey.client",
      "dev.latchkey.common",
      "dev.latchkey.connected",
      "dev.latchkey.delivery",
      "dev.latchkey.events",
      "dev.latchkey.http",
      "dev.latchkey.limits",
      "dev.latchkey.metrics",
      "dev.latchkey.otp",
      "dev.latchkey.passkey",
      "dev.latchkey.password",
      "dev.latchkey.recovery",
      "dev.latchkey.session",
      "dev.latchkey.signin",
      "dev.latchkey.spi",
      "dev.latchkey.totp");

  /** Core packages a store may use: the SPI, and the shared root types (exceptions) of common. */
  public static final List<String> STORE_MAY_USE_PACKAGES =
      List.of("dev.latchkey.spi..", "dev.latchkey.common");
  /**
   * API value types (outside {@link #STORE_MAY_USE_PACKAGES}) a store may use because an SPI row
   * holds them. Add a type here only when a row stores it.
   */
  public static final Set<String> STORE_MAY_USE_TYPES = Set.of(
      // SessionRecord and SecurityEventRecord hold what was observed about the client.
      "dev.latchkey.client.Device",
      "dev.latchkey.client.DeviceType",
      "dev.latchkey.client.Location",
      "dev.latchkey.client.AddressScope");

  /**
   * The classes that compare a secret, or a value derived from one, with what a caller presented
   * (security invariant 3). Each must compare with {@link java.security.MessageDigest#isEqual}
   * (directly or through {@code HashLookup}); rule 8 forbids every early-exit comparison in them,
   * nested classes and lambdas included.
   *
   * <p>Not listed, on purpose: {@code ApiKeyFormat} (its CRC32 checksum is computed from the
   * presented key itself: anyone can compute it, so comparing it leaks nothing), the stores (they
   * match an index on a hash; the services re-compare that hash through {@code HashLookup}, and
   * backup codes are HMACs under a key the database never sees, so a timing difference in the
   * index reveals nothing an attacker can steer), and AES-GCM tag checks (done by the JCE).
   */
  public static final Set<String> SECRET_COMPARING_CLASSES = Set.of(
      // The one lookup of a bearer secret by hash (API keys, session tokens, sign-in challenges):
      // re-compares the stored hash, also against a dummy on a miss.
      "dev.latchkey.internal.HashLookup",
      // A plaintext handed out once, compared with a candidate (Secret.matches).
      "dev.latchkey.common.Secret",
      // The TOTP code check: every step of the window, without stopping at a match.
      "dev.latchkey.totp.TotpCodes",
      // Argon2 tags and recomputed bcrypt hashes.
      "dev.latchkey.password.PasswordHasher",
      // "Is the new password the current one?"
      "dev.latchkey.password.PasswordContext",
      // Backup-code verification: HMAC of the code, matched atomically by the store.
      "dev.latchkey.backup.BackupCodes",
      // The callers of HashLookup: no equals may bypass it.
      "dev.latchkey.apikey.ApiKeyService",
      "dev.latchkey.session.SessionRegistry",
      "dev.latchkey.signin.SignInChallenges",
      "dev.latchkey.signin.KnownDevices",
      // Recovery links: found through HashLookup; the password fingerprint compared with isEqual.
      "dev.latchkey.recovery.AccountTokens",
      "dev.latchkey.recovery.PasswordResets");

  /**
   * A comparison rule 8 allows in a class of {@link #SECRET_COMPARING_CLASSES}, because neither side
   * is a secret. Written down with its reason so that a review sees each one.
   *
   * @param site the class and method that makes it ({@code dev.latchkey.apikey.ApiKeyService.revoke},
   *     every overload; a lambda counts as the method it is written in)
   * @param call the method called ({@code java.lang.String.equals})
   * @param because why neither side is a secret
   */
  public record NonSecretComparison(String site, String call, String because) {}

  /** The non-secret comparisons in {@link #SECRET_COMPARING_CLASSES}, each with its reason. */
  public static final List<NonSecretComparison> NON_SECRET_COMPARISONS = List.of(
      new NonSecretComparison("dev.latchkey.password.PasswordHasher.checkBcrypt",
          "java.lang.String.equals",
          "the presented password against its own NFKC form: says only whether the caller's input"
              + " is already normalised, nothing about the stored hash"),
      new NonSecretComparison("dev.latchkey.internal.HashLookup.find", "java.lang.String.equals",
          "runs only after MessageDigest.isEqual found every byte equal, to confirm that the bytes"
              + " compared were the strings' own (the bulk copy keeps each character's low byte);"
              + " on a match it compares equal contents, so it says nothing isEqual did not"),
      new NonSecretComparison("dev.latchkey.apikey.ApiKeyService.revoke", "java.lang.String.equals",
          "owner ids, after the key was found by id"),
      new NonSecretComparison("dev.latchkey.session.SessionRegistry.concerns",
          "java.lang.String.equals",
          "session and account ids of a cached row against an invalidation's id: public ids"),
      new NonSecretComparison("dev.latchkey.apikey.ApiKeyService.rotate", "java.lang.String.equals",
          "owner ids, after the key was found by id"),
      new NonSecretComparison("dev.latchkey.apikey.ApiKeyService.grants", "java.lang.String.equals",
          "scope names of an authenticated key"),
      new NonSecretComparison("dev.latchkey.signin.KnownDevices.recognise",
          "java.lang.String.equals",
          "account ids: the device token was already found and compared by its hash"),
      new NonSecretComparison("dev.latchkey.recovery.AccountTokens.find",
          "java.lang.String.equals", "the purpose and the account id of a token already found"
              + " and compared by its hash"),
      new NonSecretComparison("dev.latchkey.session.SessionRegistry.list",
          "java.lang.String.equals", "session ids, to mark the current session"),
      new NonSecretComparison("dev.latchkey.session.SessionRegistry.revoke",
          "java.lang.String.equals", "session ids of a validated session, and account ids after"
              + " the session was found by id"));

  private ArchitectureRules() {}

  /** 1. No cycle between the sub-packages of {@code root}, each sliced by its first segment. */
  public static ArchRule noCyclesBetweenPackages(String root) {
    return slices().matching(root + ".(*)..").namingSlices("$1")
        .should().beFreeOfCycles()
        .because("packages form layers; a cycle means two packages are one (issue 8, item 7)");
  }

  /**
   * 2. Only classes of package {@code root} itself (the composition root) may use classes of
   * {@code root}; shared root types live in {@code common}.
   */
  public static ArchRule nothingDependsOnTheCompositionRoot(String root) {
    return noClasses().that().resideOutsideOfPackage(root)
        .should().dependOnClassesThat().resideInAPackage(root)
        .because("the composition root may depend on every package, so nothing may depend back on"
            + " it; shared root types belong in " + ROOT + ".common");
  }

  /**
   * 3. Classes in {@code storePackage} (for example {@code dev.latchkey.store..}) use nothing of
   * Latchkey but their own package, the SPI and the listed value types.
   */
  public static ArchRule storesUseOnlyTheSpi(String storePackage) {
    String own = storePackage.endsWith("..") ? storePackage : storePackage + "..";
    DescribedPredicate<JavaClass> forbidden = describe(
        "are Latchkey classes other than the SPI " + STORE_MAY_USE_PACKAGES
            + " and stored value types " + STORE_MAY_USE_TYPES,
        c -> inPackageTree(c, ROOT)
            && !c.getPackageName().matches(packagePattern(own))
            && STORE_MAY_USE_PACKAGES.stream()
                .noneMatch(p -> c.getPackageName().matches(packagePattern(p)))
            && !STORE_MAY_USE_TYPES.contains(outermost(c).getName()));
    return noClasses().that().resideInAPackage(own)
        .should().dependOnClassesThat(forbidden)
        .because("a store sees only the SPI, so any SPI implementation is a drop-in (DESIGN.md)");
  }

  /** 4. No java.util.Random, Math.random or their relatives: random values come from SecureRandom. */
  public static ArchRule noWeakRandomness() {
    DescribedPredicate<JavaClass> weak = describe(
        "are java.util.Random (other than SecureRandom), ThreadLocalRandom, SplittableRandom or"
            + " RandomGenerator",
        c -> c.isEquivalentTo(Random.class)
            || c.isEquivalentTo(ThreadLocalRandom.class)
            || c.isEquivalentTo(SplittableRandom.class)
            || c.getPackageName().equals("java.util.random"));
    DescribedPredicate<JavaCodeUnitAccess<?>> mathRandom =
        describe("Math.random() or StrictMath.random()",
        call -> call.getName().equals("random")
            && (call.getTargetOwner().isEquivalentTo(Math.class)
                || call.getTargetOwner().isEquivalentTo(StrictMath.class)));
    return classes().should(ArchConditions.never(ArchConditions.dependOnClassesThat(weak)))
        .andShould(notCall(mathRandom, null))
        .because("all randomness comes from the injected SecureRandom (security invariant 4)");
  }

  /** 5. Only the composition root makes a SecureRandom; everything else uses the injected one. */
  public static ArchRule secureRandomOnlyFromTheCompositionRoot() {
    DescribedPredicate<JavaCodeUnitAccess<?>> ownRandom = describe(
        "new SecureRandom(…), SecureRandom.getInstance…(…) or UUID.randomUUID()",
        call -> (call.getTargetOwner().isEquivalentTo(SecureRandom.class)
                && (call.getName().equals(JavaConstructor.CONSTRUCTOR_NAME)
                    || call.getName().startsWith("getInstance")))
            || (call.getTargetOwner().isEquivalentTo(UUID.class)
                && call.getName().equals("randomUUID")));
    return classes().should(notCall(ownRandom, COMPOSITION_ROOT_BUILDER))
        .because("randomness comes only from the SecureRandom injected into Latchkey's builder, so a"
            + " test can make it reproducible (security invariant 4)");
  }

  /** 6. Time comes only from the injected Clock; only the composition root makes a system clock. */
  public static ArchRule timeOnlyFromTheInjectedClock() {
    DescribedPredicate<JavaCodeUnitAccess<?>> systemTime = describe(
        "java.time now() without a Clock, Clock.system…(), System.currentTimeMillis(),"
            + " System.nanoTime() or new Date()",
        call -> isNowWithoutClock(call)
            || (call.getTargetOwner().isEquivalentTo(System.class)
                && (call.getName().equals("currentTimeMillis") || call.getName().equals("nanoTime")))
            || (call.getTargetOwner().isEquivalentTo(Date.class)
                && call.getName().equals(JavaConstructor.CONSTRUCTOR_NAME)
                && call.getTarget().getRawParameterTypes().isEmpty()));
    DescribedPredicate<JavaCodeUnitAccess<?>> systemClock = describe("Clock.system…()",
        call -> call.getTargetOwner().isEquivalentTo(Clock.class)
            && call.getName().startsWith("system"));
    return classes().should(notCall(systemTime, null))
        .andShould(notCall(systemClock, COMPOSITION_ROOT_BUILDER))
        .because("time comes only from the injected Clock, so tests move the clock and never sleep"
            + " (security invariant 4)");
  }

  /**
   * 7. No public or protected member (or supertype) of a public type in one of
   * {@code exportedPackages} names a type of a package under {@code root} that is not exported:
   * such a type would be API that callers cannot name, and internals would leak through it.
   */
  public static ArchRule noPublicSignatureNamesAHiddenType(String root,
      Collection<String> exportedPackages) {
    Set<String> exported = Set.copyOf(exportedPackages);
    DescribedPredicate<JavaClass> hidden =
        describe("in a package of " + root + " that is not exported",
            c -> inPackageTree(c, root) && !exported.contains(c.getPackageName()));
    DescribedPredicate<JavaClass> api =
        describe("are public types of exported packages " + new TreeSet<>(exported),
            c -> exported.contains(c.getPackageName()) && isExposed(c));
    return classes().that(api)
        .should(new ArchCondition<JavaClass>("not name a type " + hidden.getDescription()
            + " in a public or protected signature") {
          @Override
          public void check(JavaClass type, ConditionEvents events) {
            for (JavaClass named : supertypeTypes(type)) {
              if (hidden.test(named)) {
                events.add(SimpleConditionEvent.violated(type,
                    type.getName() + " extends or implements " + named.getName()));
              }
            }
            for (JavaMember member : type.getMembers()) {
              if (!isExposed(member)) {
                continue;
              }
              for (JavaClass named : signatureTypes(member)) {
                if (hidden.test(named)) {
                  events.add(SimpleConditionEvent.violated(member,
                      member.getFullName() + " names " + named.getName()));
                }
              }
            }
          }
        })
        .because("an API that names an internal type makes the internal package API by accident"
            + " (issue 8, item 1)");
  }

  /**
   * 8. Classes named in {@code comparing} (with their nested classes and lambdas) never call an
   * early-exit comparison — {@code equals} of any type ({@code String}, {@code Object},
   * {@code Arrays}, {@code Objects}, records…), {@code equalsIgnoreCase}, {@code contentEquals},
   * {@code deepEquals}, {@code Arrays.mismatch}/{@code compare}, {@code String.compareTo…}/
   * {@code regionMatches} — except the {@code allowed} non-secret ones: such a comparison stops at
   * the first differing byte, and its time tells an attacker how much of a guess was right.
   * Besides, every class that calls {@code MessageDigest.isEqual} or {@code HashLookup.find} must be
   * named in {@code comparing} (so a new comparison site cannot go unguarded), and every name in
   * {@code comparing} must exist (so a rename cannot switch the rule off).
   *
   * <p>A {@code HashMap} or {@code Set} keyed by a secret compares with {@code equals} too, out of
   * sight of this rule: the classes listed hold no such collection.
   */
  public static ArchRule secretsComparedInConstantTime(Collection<String> comparing,
      Collection<NonSecretComparison> allowed) {
    Set<String> listed = Set.copyOf(comparing);
    List<NonSecretComparison> exceptions = List.copyOf(allowed);
    return classes().should(new ArchCondition<JavaClass>("compare secrets only in constant time"
        + " (MessageDigest.isEqual) in " + new TreeSet<>(listed)) {
      private final Set<String> missing = new TreeSet<>();

      @Override
      public void init(Collection<JavaClass> all) {
        missing.clear();
        missing.addAll(listed);
        all.forEach(c -> missing.remove(c.getName()));
      }

      @Override
      public void check(JavaClass c, ConditionEvents events) {
        boolean isListed = listed.contains(outermost(c).getName());
        for (JavaCodeUnitAccess<?> made : c.getCodeUnitAccessesFromSelf()) {
          if (isListed && isEarlyExitComparison(made) && !isAllowed(made, exceptions)) {
            events.add(SimpleConditionEvent.violated(made, made.getDescription()
                + ": an early-exit comparison in a class that compares secrets; use"
                + " MessageDigest.isEqual, or list it as a NonSecretComparison with the reason"));
          } else if (!isListed && isConstantTimeComparison(made)) {
            events.add(SimpleConditionEvent.violated(made, made.getDescription()
                + ": compares in constant time, but " + outermost(c).getName()
                + " is not a listed secret-comparing class, so nothing guards it"));
          }
        }
      }

      @Override
      public void finish(ConditionEvents events) {
        for (String name : missing) {
          events.add(SimpleConditionEvent.violated(name, "Listed secret-comparing class " + name
              + " was not found: renamed or moved? Update the list"));
        }
      }
    }).because("every comparison of a secret or code is constant-time (security invariant 3)");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static final Set<String> EQUALITY_METHODS =
      Set.of("equals", "equalsIgnoreCase", "contentEquals", "deepEquals");

  private static boolean isEarlyExitComparison(JavaCodeUnitAccess<?> call) {
    String name = call.getName();
    JavaClass owner = call.getTargetOwner();
    return EQUALITY_METHODS.contains(name)
        || (owner.isEquivalentTo(java.util.Arrays.class)
            && (name.equals("mismatch") || name.startsWith("compare")))
        || (owner.isEquivalentTo(String.class)
            && (name.startsWith("compareTo") || name.equals("regionMatches")))
        || (owner.isEquivalentTo(CharSequence.class) && name.equals("compare"));
  }

  private static boolean isConstantTimeComparison(JavaCodeUnitAccess<?> call) {
    String owner = call.getTargetOwner().getName();
    return (owner.equals("java.security.MessageDigest") && call.getName().equals("isEqual"))
        || (owner.equals("dev.latchkey.internal.HashLookup") && call.getName().equals("find"));
  }

  private static boolean isAllowed(JavaCodeUnitAccess<?> call,
      Collection<NonSecretComparison> allowed) {
    // ArchUnit attributes a lambda's calls to the method the lambda is written in.
    String site = call.getOriginOwner().getName() + "." + call.getOrigin().getName();
    String target = call.getTargetOwner().getName() + "." + call.getName();
    return allowed.stream().anyMatch(a -> a.site().equals(site) && a.call().equals(target));
  }

  /**
   * Reports every call of, or method reference to, a code unit matching {@code call} in a class
   * other than {@code exempt}.
   */
  private static ArchCondition<JavaClass> notCall(DescribedPredicate<JavaCodeUnitAccess<?>> call,
      String exempt) {
    return new ArchCondition<JavaClass>("not call " + call.getDescription()
        + (exempt == null ? "" : " (except in " + exempt + ")")) {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        if (c.getName().equals(exempt)) {
          return;
        }
        for (JavaCodeUnitAccess<?> made : c.getCodeUnitAccessesFromSelf()) {
          if (call.test(made)) {
            events.add(SimpleConditionEvent.violated(made, made.getDescription()));
          }
        }
      }
    };
  }

  private static boolean isNowWithoutClock(JavaCodeUnitAccess<?> call) {
    if (!call.getName().equals("now")
        || !call.getTargetOwner().getPackageName().equals("java.time")) {
      return false;
    }
    List<JavaClass> params = call.getTarget().getRawParameterTypes();
    return !(params.size() == 1 && params.get(0).isEquivalentTo(Clock.class));
  }

  private static boolean inPackageTree(JavaClass c, String root) {
    String p = c.getPackageName();
    return p.equals(root) || p.startsWith(root + ".");
  }

  /** ArchUnit's "a.b.." means a.b and below; a plain name means exactly that package. */
  private static String packagePattern(String archUnitPackage) {
    if (archUnitPackage.endsWith("..")) {
      String base = archUnitPackage.substring(0, archUnitPackage.length() - 2);
      return Pattern.quote(base) + "(\\..*)?";
    }
    return Pattern.quote(archUnitPackage);
  }

  private static JavaClass outermost(JavaClass c) {
    JavaClass o = c;
    while (o.getEnclosingClass().isPresent()) {
      o = o.getEnclosingClass().get();
    }
    return o;
  }

  /** Public, or a protected member type, all the way out: reachable by a caller of the API. */
  private static boolean isExposed(JavaClass c) {
    Set<JavaModifier> m = c.getModifiers();
    boolean visible = m.contains(JavaModifier.PUBLIC)
        || (!c.isTopLevelClass() && m.contains(JavaModifier.PROTECTED));
    if (!visible || c.isAnonymousClass() || c.isLocalClass()) {
      return false;
    }
    return c.getEnclosingClass().map(ArchitectureRules::isExposed).orElse(true);
  }

  private static boolean isExposed(JavaMember member) {
    Set<JavaModifier> m = member.getModifiers();
    return (m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED))
        && !m.contains(JavaModifier.SYNTHETIC) && !m.contains(JavaModifier.BRIDGE);
  }

  private static Set<JavaClass> supertypeTypes(JavaClass c) {
    Set<JavaClass> out = new LinkedHashSet<>();
    c.getSuperclass().ifPresent(s -> out.addAll(s.getAllInvolvedRawTypes()));
    for (JavaType i : c.getInterfaces()) {
      out.addAll(i.getAllInvolvedRawTypes());
    }
    for (JavaTypeVariable<JavaClass> v : c.getTypeParameters()) {
      for (JavaType bound : v.getUpperBounds()) {
        out.addAll(bound.getAllInvolvedRawTypes());
      }
    }
    return out;
  }

  private static Collection<JavaClass> signatureTypes(JavaMember member) {
    List<JavaClass> out = new ArrayList<>();
    if (member instanceof JavaField) {
      out.addAll(((JavaField) member).getType().getAllInvolvedRawTypes());
    } else if (member instanceof JavaCodeUnit) {
      JavaCodeUnit unit = (JavaCodeUnit) member;
      // return type, parameter types and type parameters, with every type argument
      out.addAll(unit.getAllInvolvedRawTypes());
      out.addAll(unit.getThrowsClause().getTypes());
    }
    return out;
  }
}
