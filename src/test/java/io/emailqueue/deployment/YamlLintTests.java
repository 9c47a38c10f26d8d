package io.emailqueue.deployment;

import io.emailqueue.observability.ExternalTool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the manifests and the CI configuration pass {@code yamllint} with the repository's
 * {@code .yamllint.yaml}, as CI checks them.
 */
class YamlLintTests {

	@Test
	void manifestsAndWorkflowsPassYamllintStrictly() throws Exception {
		ExternalTool yamllint = ExternalTool.require("yamllint");
		ExternalTool.Result lint = yamllint.run(null, "-s", "-c", ".yamllint.yaml", "k8s", ".github", ".yamllint.yaml");
		assertThat(lint.output()).as("yamllint").isEmpty();
		assertThat(lint.exitCode()).as("yamllint's exit code").isZero();
	}

}
