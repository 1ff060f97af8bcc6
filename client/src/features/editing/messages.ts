/** The editing feature's words (i18next namespace "editing"). */
export const editingZhCN = {
  newProject: '新建项目',
  edit: '编辑',
};

export const editingEn: typeof editingZhCN = {
  newProject: 'New project',
  edit: 'Edit',
};
