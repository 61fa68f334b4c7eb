import type { Ext } from '../context';
import type { ConfigDiagnostics } from './diagnostics';
import type { PlanStore } from './planStore';

/** What the workspace-file modules share: the extension, the plans and the diagnostics. */
export interface FilesContext {
  ext: Ext;
  plans: PlanStore;
  diagnostics: ConfigDiagnostics;
}
