package dev.latchkey.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.latchkey.arch.ArchitectureRules.NonSecretComparison;
import dev.latchkey.archfixture.compare.ConstantTimeComparison;
import dev.latchkey.archfixture.compare.LeakyComparison;
import dev.latchkey.archfixture.compare.UnlistedComparison;
import dev.latchkey.archfixture.exposure.api.Sealed;
import dev.latchkey.archfixture.random.InjectedOnly;
import dev.latchkey.archfixture.random.MathRandomOnly;
import dev.latchkey.archfixture.random.OwnSecureRandom;
import dev.latchkey.archfixture.random.SystemTime;
import dev.latchkey.archfixture.random.WeakRandomness;
import dev.latchkey.archfixture.store.BadStore;
import dev.latchkey.archfixture.store.GoodStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureRules}, run against the deliberately bad classes in
 * {@code dev.latchkey.archfixture}, reports them; and against compliant neighbours, does not. Without
 * this, a rule that silently matched nothing would pass forever.
 */
class ArchitectureRulesCatchViolationsTest {
  private static final String FIXTURE = "dev.latchkey.archfixture";

  private static JavaClasses importPackage(String pkg) {
    return new ClassFileImporter().importPackages(pkg);
  }

  private static JavaClasses importClasses(Class<?>... types) {
    return new ClassFileImporter().importClasses(types);
  }

  private static List<String> violations(ArchRule rule, JavaClasses classes) {
    EvaluationResult result = rule.evaluate(classes);
    return result.getFailureReport().getDetails();
  }

  @Test
  void aPackageCycleIsReported() {
    List<String> found = violations(ArchitectureRules.noCyclesBetweenPackages(FIXTURE + ".cycle"),
        importPackage(FIXTURE + ".cycle"));
    assertThat(found).anySatisfy(d -> assertThat(d).contains("Cycle detected: a -> ").contains("b"));
  }

  @Test
  void aDependencyBackOnTheCompositionRootIsReported() {
    List<String> found = violations(
        ArchitectureRules.nothingDependsOnTheCompositionRoot(FIXTURE + ".root"),
        importPackage(FIXTURE + ".root"));
    assertThat(found).isNotEmpty()
        .allSatisfy(d -> assertThat(d).contains("archfixture.root.service.Service"));
  }

  @Test
  void aStoreUsingMoreThanTheSpiIsReported() {
    ArchRule rule = ArchitectureRules.storesUseOnlyTheSpi(FIXTURE + ".store");
    List<String> found = violations(rule, importClasses(BadStore.class));
    assertThat(found).anySatisfy(d -> assertThat(d).contains("dev.latchkey.session.Assurance"))
        .anySatisfy(d -> assertThat(d).contains("dev.latchkey.internal.Hashing"))
        .noneSatisfy(d -> assertThat(d).contains("SessionRecord>"));
    assertThat(violations(rule, importClasses(GoodStore.class))).isEmpty();
  }

  @Test
  void weakRandomnessIsReported() {
    ArchRule rule = ArchitectureRules.noWeakRandomness();
    assertThat(violations(rule, importClasses(WeakRandomness.class)))
        .anySatisfy(d -> assertThat(d).contains("java.util.Random"))
        .anySatisfy(d -> assertThat(d).contains("ThreadLocalRandom"))
        .anySatisfy(d -> assertThat(d).contains("Math.random()"));
    assertThat(violations(rule, importClasses(MathRandomOnly.class)))
        .anySatisfy(d -> assertThat(d).contains("Math.random()"));
    assertThat(violations(rule, importClasses(InjectedOnly.class))).isEmpty();
  }

  @Test
  void aSecureRandomOfItsOwnIsReported() {
    ArchRule rule = ArchitectureRules.secureRandomOnlyFromTheCompositionRoot();
    assertThat(violations(rule, importClasses(OwnSecureRandom.class)))
        .anySatisfy(d -> assertThat(d).contains("SecureRandom.<init>()").contains("bytes()"))
        .anySatisfy(d -> assertThat(d).contains("getInstanceStrong"))
        .anySatisfy(d -> assertThat(d).contains("SecureRandom.<init>()").contains("factory()"))
        .anySatisfy(d -> assertThat(d).contains("UUID.randomUUID"));
    assertThat(violations(rule, importClasses(InjectedOnly.class))).isEmpty();
  }

  @Test
  void timeWithoutTheClockIsReported() {
    ArchRule rule = ArchitectureRules.timeOnlyFromTheInjectedClock();
    assertThat(violations(rule, importClasses(SystemTime.class)))
        .anySatisfy(d -> assertThat(d).contains("Instant.now()"))
        .anySatisfy(d -> assertThat(d).contains("LocalDateTime.now(java.time.ZoneId)"))
        .anySatisfy(d -> assertThat(d).contains("Clock.systemUTC()"))
        .anySatisfy(d -> assertThat(d).contains("System.currentTimeMillis()"))
        .anySatisfy(d -> assertThat(d).contains("java.util.Date.<init>()"));
    assertThat(violations(rule, importClasses(InjectedOnly.class))).isEmpty();
  }

  @Test
  void aPublicSignatureNamingAHiddenTypeIsReported() {
    String root = FIXTURE + ".exposure";
    ArchRule rule = ArchitectureRules.noPublicSignatureNamesAHiddenType(root,
        Set.of(root + ".api"));
    JavaClasses classes = importPackage(root);
    assertThat(violations(rule, classes))
        .anySatisfy(d -> assertThat(d).contains("Leaky.engines").contains("Engine"))
        .anySatisfy(d -> assertThat(d).contains("Leaky.<init>"))
        .anySatisfy(d -> assertThat(d).contains("Leaky.engine()"))
        .anySatisfy(d -> assertThat(d).contains("Leaky.run()").contains("EngineException"))
        .anySatisfy(d -> assertThat(d).contains("Leaky$Turbo extends or implements"))
        .noneSatisfy(d -> assertThat(d).contains("Sealed"));
    assertThat(violations(rule, importClasses(Sealed.class))).isEmpty();
  }

  @Test
  void anEarlyExitComparisonInASecretComparingClassIsReported() {
    String leaky = LeakyComparison.class.getName();
    ArchRule rule = ArchitectureRules.secretsComparedInConstantTime(Set.of(leaky), List.of(
        new NonSecretComparison(leaky + ".sameOwner", "java.lang.String.equals", "owner ids")));
    assertThat(violations(rule, importClasses(LeakyComparison.class, LeakyComparison.Nested.class)))
        .anySatisfy(d -> assertThat(d).contains("tagMatches").contains("Arrays.equals([B, [B)"))
        .anySatisfy(d -> assertThat(d).contains("hashMatches").contains("String.equals"))
        .anySatisfy(d -> assertThat(d).contains("codeMatches").contains("Objects.equals"))
        .anySatisfy(d -> assertThat(d).contains("codeMatches").contains("contentEquals"))
        .anySatisfy(d -> assertThat(d).contains("codeMatches").contains("equalsIgnoreCase"))
        .anySatisfy(d -> assertThat(d).contains("matcher()").contains("String.equals"))
        .anySatisfy(d -> assertThat(d).contains("firstDifference").contains("Arrays.mismatch"))
        .anySatisfy(d -> assertThat(d).contains("LeakyComparison$Nested").contains("String.equals"))
        .noneSatisfy(d -> assertThat(d).contains("sameOwner"));
    // Without the allow-list entry, the owner check is reported too.
    assertThat(violations(ArchitectureRules.secretsComparedInConstantTime(Set.of(leaky),
        List.of()), importClasses(LeakyComparison.class)))
        .anySatisfy(d -> assertThat(d).contains("sameOwner"));
    assertThat(violations(ArchitectureRules.secretsComparedInConstantTime(
        Set.of(ConstantTimeComparison.class.getName()), List.of()),
        importClasses(ConstantTimeComparison.class))).isEmpty();
  }

  @Test
  void aConstantTimeComparisonOutsideTheListIsReported() {
    ArchRule rule = ArchitectureRules.secretsComparedInConstantTime(
        Set.of(ConstantTimeComparison.class.getName()), List.of());
    assertThat(violations(rule, importClasses(ConstantTimeComparison.class,
        UnlistedComparison.class)))
        .singleElement().satisfies(d -> assertThat(d).contains("UnlistedComparison.tagMatches")
            .contains("MessageDigest.isEqual").contains("not a listed"));
  }

  @Test
  void aListedClassThatDoesNotExistIsReported() {
    String gone = FIXTURE + ".compare.RenamedComparison";
    ArchRule rule = ArchitectureRules.secretsComparedInConstantTime(
        Set.of(ConstantTimeComparison.class.getName(), gone), List.of());
    assertThat(violations(rule, importClasses(ConstantTimeComparison.class)))
        .singleElement().satisfies(d -> assertThat(d).contains(gone).contains("not found"));
  }
}
