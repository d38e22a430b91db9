/**
 * `--validate` as a pipeline stage: the gateway's own check (`nginx -t`, `envoy --mode validate`)
 * runs alongside the probes; a rejection becomes the first finding, an acceptance adds nothing,
 * a skip (no binary, uh YAML) is a note.
 */
import type { DiagnosisStage, StageFold } from './stage.js';
import type { GatewayVerdict } from './gateway-validate.js';
import { rejectionFinding, validateWithGateway, withFirstFinding } from './gateway-validate.js';

export const gatewayValidateStage: DiagnosisStage = {
  name: 'validate',
  async begin({ config, path, nginxPrefix }) {
    const verdict = await validateWithGateway(config.source.format, path, nginxPrefix ? { nginxPrefix } : {});
    return foldGatewayVerdict(verdict);
  },
};

export function foldGatewayVerdict(verdict: GatewayVerdict): StageFold {
  switch (verdict.kind) {
    case 'accepted':
      return (diagnosis) => ({ diagnosis, notes: [] });
    case 'skipped':
      return (diagnosis) => ({ diagnosis, notes: [{ source: 'validate', text: `--validate: ${verdict.reason}; skipped` }] });
    case 'rejected':
      // The gateway will not load this config, so nothing behind it is served from it.
      return (diagnosis) => ({
        diagnosis: { ...diagnosis, verdict: 'no-healthy-upstream', findings: withFirstFinding(diagnosis.findings, rejectionFinding(verdict)) },
        notes: [],
      });
  }
}
